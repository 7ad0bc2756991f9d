using BenchmarkDotNet.Running;

// Suites are picked with --filter, e.g. `dotnet run -c Release --project bench/ZkmlGpu.Bench -- --filter '*FrBench*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
