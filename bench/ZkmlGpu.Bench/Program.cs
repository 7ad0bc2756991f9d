using BenchmarkDotNet.Running;

// Suites are picked with --filter, e.g. `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*FrBench*'`.
if (args is ["--fma52-self-check"]) { Console.WriteLine($"Fma52Lanes: {ZkmlGpu.Bench.Field.Fma52Lanes.SelfCheck()} products match."); return; }
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
