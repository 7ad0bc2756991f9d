using System.CommandLine;
using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Gpu.Ilgpu;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// `zkml-gpu gpu-check`: on one ILGPU device, checks every kernel against the managed CPU backend bit for bit, then
/// times MSM and NTT (2^min-log … 2^max-log, device-resident data) and Poseidon (t = 3), and writes one JSON file.
/// Built to run unattended on a GPU machine without .NET (see bench/gpu-check.sh), within a time budget.
/// </summary>
public sealed class GpuCheckCommand : ICliCommand
{
    public Command Build()
    {
        var device = new Option<string>("--device") { Description = "cuda:N, opencl:N, or ilgpu-cpu (ILGPU's CPU accelerator: a run without a GPU).", DefaultValueFactory = _ => "cuda:0" };
        var output = new Option<string?>("--out") { Description = "JSON file to write; rewritten after each step, so a killed run leaves partial results." };
        var maxLog = new Option<int?>("--max-log") { Description = "log2 of the largest MSM/NTT (default 24; 10 on ilgpu-cpu)." };
        var minLog = new Option<int?>("--min-log") { Description = "log2 of the smallest MSM/NTT (default 16; 8 on ilgpu-cpu)." };
        var runs = new Option<int>("--runs") { Description = "Timed runs per size after one warm-up run.", DefaultValueFactory = _ => 3 };
        var budget = new Option<int>("--time-budget") { Description = "Seconds after which the remaining benchmarks are skipped.", DefaultValueFactory = _ => 420 };
        var command = new Command("gpu-check", "Check the GPU kernels against the CPU backend and time MSM, NTT and Poseidon; writes JSON.")
        {
            device, output, maxLog, minLog, runs, budget,
        };
        command.SetAction(parse =>
        {
            string spec = parse.GetValue(device) ?? "cuda:0";
            bool cpuAccelerator = spec.Trim().Equals("ilgpu-cpu", StringComparison.OrdinalIgnoreCase);
            int max = parse.GetValue(maxLog) ?? (cpuAccelerator ? 10 : 24);
            int min = parse.GetValue(minLog) ?? (cpuAccelerator ? 8 : 16);
            int runCount = parse.GetValue(runs);
            if (min < 1 || max > 26 || min > max) return Fail($"Need 1 ≤ --min-log ≤ --max-log ≤ 26, got {min} and {max}.");
            if (runCount < 1) return Fail($"--runs must be at least 1, got {runCount}.");
            IlgpuDevice gpu;
            try
            {
                gpu = cpuAccelerator
                    ? IlgpuDevices.OpenCpuAccelerator(4, 4, Math.Max(1, Environment.ProcessorCount))
                    : OpenGpu(DeviceSpec.Parse(spec));
            }
            catch (Exception e) when (e is FormatException or DeviceNotFoundException) { return Fail(e.Message); }
            using (gpu)
            {
                var check = new GpuCheck(gpu, cpuAccelerator ? "ilgpu-cpu" : spec, parse.GetValue(output), min, max, runCount, parse.GetValue(budget));
                return check.Run();
            }
        });
        return command;
    }

    private static IlgpuDevice OpenGpu(DeviceSpec spec) => spec.Kind == DeviceKind.Cpu
        ? throw new DeviceNotFoundException("'cpu' is the managed backend that gpu-check compares against; use cuda:N, opencl:N or ilgpu-cpu.")
        : IlgpuDevices.Open(spec);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 2;
    }
}

/// <summary>The steps of one gpu-check run and the JSON they produce.</summary>
internal sealed class GpuCheck(IlgpuDevice gpu, string spec, string? outPath, int minLog, int maxLog, int runs, int budgetSeconds)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CpuDevice _cpu = new();
    private readonly List<Dictionary<string, object?>> _checks = [];
    private readonly List<Dictionary<string, object?>> _benchmarks = [];
    private readonly bool _small = gpu.IsCpuAccelerator;

    public int Run()
    {
        Log($"device {spec}: {gpu.Description}; PTX carry chains {(gpu.UsesPtx ? "on" : KernelSettings.UsePtx ? "n/a" : "off (ZKML_GPU_NO_PTX)")}");
        Check("field Fr/Fq mul, add, sub", CheckField);
        Check($"NTT, inverse, coset vs CPU at 2^{(_small ? 6 : 10)}", () => CheckNtt(_small ? 6 : 10));
        Check($"NTT, inverse, coset vs CPU at 2^{(_small ? 9 : 20)}", () => CheckNtt(_small ? 9 : 20));
        Check($"MSM vs CPU at 2^{(_small ? 6 : 12)} (device path forced)", () => CheckMsm(_small ? 6 : 12));
        Check($"MSM vs CPU at 2^{(_small ? 9 : 18)}", () => CheckMsm(_small ? 9 : 18));
        Check("Poseidon t=3 circomlib vector and batch vs CPU", () => CheckPoseidon(3, _small ? 64 : 1 << 14));
        Check("Poseidon t=5 batch vs CPU", () => CheckPoseidon(5, _small ? 16 : 1 << 12));
        Write();
        BenchMsm();
        BenchNtt();
        BenchPoseidon();
        bool ok = _checks.All(c => (bool)c["passed"]!);
        Log(ok ? "all checks passed" : "SOME CHECKS FAILED");
        Write();
        return ok ? 0 : 1;
    }

    // ------------------------------------------------------------------ checks

    private void Check(string name, Func<string> body)
    {
        long start = Stopwatch.GetTimestamp();
        bool passed;
        string detail;
        try
        {
            detail = body();
            passed = true;
        }
        catch (Exception e)
        {
            passed = false;
            detail = $"{e.GetType().Name}: {e.Message}";
        }
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        _checks.Add(new() { ["name"] = name, ["passed"] = passed, ["detail"] = detail, ["ms"] = Math.Round(ms, 1) });
        Log($"check {(passed ? "PASS" : "FAIL")} {name} ({ms:0} ms): {detail}");
        Write();
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new InvalidOperationException(message);
    }

    private string CheckField()
    {
        var rng = new Random(1);
        int n = _small ? 512 : 1 << 14;
        int mismatches = 0;
        foreach (bool isFr in new[] { true, false })
        {
            BigInteger p = isFr ? Fr.Modulus : Fq.Modulus;
            var a = new U256[n];
            var b = new U256[n];
            U256[] edges = [U256.Zero, U256.One, U256.FromBigInteger(p - 1), U256.FromBigInteger(p - 2), U256.FromBigInteger(p >> 1)];
            for (int i = 0; i < n; i++)
            {
                a[i] = i < 25 ? edges[i / 5] : isFr ? Fr.Random(rng).Mont : Fq.Random(rng).Mont;
                b[i] = i < 25 ? edges[i % 5] : isFr ? Fr.Random(rng).Mont : Fq.Random(rng).Mont;
            }
            var r = gpu.FieldOps(a, b);
            for (int i = 0; i < n; i++)
            {
                U256 mul, add, sub;
                if (isFr)
                {
                    Fr x = Fr.FromMontgomery(a[i]), y = Fr.FromMontgomery(b[i]);
                    (mul, add, sub) = ((x * y).Mont, (x + y).Mont, (x - y).Mont);
                }
                else
                {
                    Fq x = Fq.FromMontgomery(a[i]), y = Fq.FromMontgomery(b[i]);
                    (mul, add, sub) = ((x * y).Mont, (x + y).Mont, (x - y).Mont);
                }
                int o = 6 * i + (isFr ? 0 : 3);
                if (r[o] != mul || r[o + 1] != add || r[o + 2] != sub) mismatches++;
            }
        }
        Require(mismatches == 0, $"{mismatches} of {2 * n} element triples differ from the host fields");
        return $"{2 * n} random and edge pairs equal";
    }

    private string CheckNtt(int logN)
    {
        int n = 1 << logN;
        var values = BenchmarkInputs.RandomScalars(n, seed: 10 + logN);
        var shift = Fr.MultiplicativeGenerator;
        using var g = gpu.Upload(values);
        using var c = _cpu.Upload(values);
        foreach (var (name, direction, coset) in new[] { ("forward", NttDirection.Forward, false), ("inverse", NttDirection.Inverse, false), ("coset forward", NttDirection.Forward, true), ("coset inverse", NttDirection.Inverse, true) })
        {
            if (coset) { gpu.CosetNtt(g, shift, direction); _cpu.CosetNtt(c, shift, direction); }
            else { gpu.Ntt(g, direction); _cpu.Ntt(c, direction); }
            var x = g.ToArray();
            var y = c.ToArray();
            int diff = 0;
            for (int i = 0; i < n; i++) if (x[i] != y[i]) diff++;
            Require(diff == 0, $"{name}: {diff} of {n} elements differ from the CPU backend");
        }
        Require(g.ToArray().AsSpan().SequenceEqual(values), "forward then inverse did not return the input");
        return $"4 transforms of 2^{logN} equal the CPU backend; round trips restore the input";
    }

    private string CheckMsm(int logN)
    {
        int n = 1 << logN;
        var bases = BenchmarkInputs.RandomPoints(n, seed: 20 + logN);
        var scalars = BenchmarkInputs.RandomScalars(n, seed: 30 + logN);
        // Edge scalars: 0, 1, −1, and a repeated point with opposite scalars.
        scalars[0] = Fr.Zero; scalars[1] = Fr.One; scalars[2] = -Fr.One;
        bases[4] = bases[3]; scalars[4] = -scalars[3];
        int savedThreshold = gpu.MsmCpuThreshold;
        gpu.MsmCpuThreshold = 0;
        try
        {
            using var b = gpu.UploadBases(bases);
            using var s = gpu.Upload(scalars);
            var got = gpu.Msm(b, s).ToAffine();
            var expected = _cpu.Msm(bases, scalars).ToAffine();
            Require(got == expected, $"2^{logN}-point MSM differs from the CPU backend: {got} vs {expected}");
            return $"2^{logN} points, window {WindowBits(n)} bits: equals the CPU backend";
        }
        finally { gpu.MsmCpuThreshold = savedThreshold; }
    }

    private int WindowBits(int n) => gpu.MsmWindowBits > 0 ? gpu.MsmWindowBits : IlgpuDevice.ChooseWindowBits(n);

    private string CheckPoseidon(int width, int count)
    {
        var parameters = Merkle.Poseidon.Parameters(width);
        if (width == 3)
        {
            using var one = gpu.Upload([Fr.FromUInt64(1), Fr.FromUInt64(2)]);
            using var h = gpu.Allocate(1);
            gpu.PoseidonHash(parameters, one, h);
            Require(h.ToArray()[0].ToBigInteger() == BigInteger.Parse("7853200120776062878684798364095072458815029376092732009249414926327459813530"),
                "Poseidon(1, 2) is not circomlib's value");
        }
        var inputs = BenchmarkInputs.RandomScalars(count * (width - 1), seed: 40 + width);
        using var gi = gpu.Upload(inputs);
        using var go = gpu.Allocate(count);
        using var ci = _cpu.Upload(inputs);
        using var co = _cpu.Allocate(count);
        gpu.PoseidonHash(parameters, gi, go);
        _cpu.PoseidonHash(parameters, ci, co);
        var x = go.ToArray();
        var y = co.ToArray();
        int diff = 0;
        for (int i = 0; i < count; i++) if (x[i] != y[i]) diff++;
        Require(diff == 0, $"{diff} of {count} hashes differ from the CPU backend");
        return $"{count} hashes equal the CPU backend" + (width == 3 ? "; Poseidon(1, 2) matches circomlib" : "");
    }

    // ------------------------------------------------------------------ benchmarks

    private bool OverBudget(string what)
    {
        if (_clock.Elapsed.TotalSeconds < budgetSeconds) return false;
        _benchmarks.Add(new() { ["op"] = what, ["skipped"] = $"time budget of {budgetSeconds} s reached" });
        Log($"skip {what}: time budget reached");
        return true;
    }

    private void Time(string op, int logSize, long items, Action operation, Dictionary<string, object?>? extra = null)
    {
        long start = Stopwatch.GetTimestamp();
        operation();
        double warmMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var times = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            start = Stopwatch.GetTimestamp();
            operation();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        times.Sort();
        double best = times[0], median = times[times.Count / 2];
        var entry = new Dictionary<string, object?>
        {
            ["op"] = op, ["logSize"] = logSize, ["items"] = items,
            ["warmupMs"] = Math.Round(warmMs, 3), ["runsMs"] = times.Select(t => Math.Round(t, 3)).ToArray(),
            ["bestMs"] = Math.Round(best, 3), ["medianMs"] = Math.Round(median, 3),
            ["itemsPerSecond"] = Math.Round(items / (best / 1000.0)),
        };
        if (extra is not null) foreach (var kv in extra) entry[kv.Key] = kv.Value;
        _benchmarks.Add(entry);
        Log($"bench {op} 2^{logSize}: best {best:0.###} ms, median {median:0.###} ms (warm-up {warmMs:0} ms)");
        Write();
    }

    /// <summary>
    /// Bases: 2^min(maxLog, 20) distinct points (consecutive multiples of G), tiled to 2^maxLog; every scalar is
    /// distinct. Tiling keeps input generation to seconds; beyond 2^20 the 64 MiB of distinct bases exceed the
    /// H200's 50 MB L2, so the reuse flatters memory traffic little.
    /// </summary>
    private void BenchMsm()
    {
        if (OverBudget("msm")) return;
        int distinct = 1 << Math.Min(maxLog, 20);
        var pool = BenchmarkInputs.RandomPoints(distinct, seed: 50);
        var bases = new G1Affine[1 << maxLog];
        for (int i = 0; i < bases.Length; i += distinct) pool.AsSpan(0, Math.Min(distinct, bases.Length - i)).CopyTo(bases.AsSpan(i));
        var scalars = BenchmarkInputs.RandomScalars(1 << maxLog, seed: 51);
        using var b = gpu.UploadBases(bases);
        bases = null;
        for (int log = minLog; log <= maxLog; log++)
        {
            if (OverBudget($"msm 2^{log}")) return;
            using var s = gpu.Upload(scalars.AsSpan(0, 1 << log));
            Time("msm", log, 1L << log, () => gpu.Msm(b, s), new()
            {
                ["windowBits"] = WindowBits(1 << log), ["distinctBases"] = Math.Min(distinct, 1 << log),
                ["path"] = (1 << log) < gpu.MsmCpuThreshold ? "managed CPU backend (below the small-MSM threshold)" : "device",
            });
        }
    }

    private void BenchNtt()
    {
        for (int log = minLog; log <= maxLog; log++)
        {
            if (OverBudget($"ntt 2^{log}")) return;
            using var v = gpu.Upload(BenchmarkInputs.RandomScalars(1 << log, seed: 60 + log));
            Time("ntt-forward", log, 1L << log, () => gpu.Ntt(v, NttDirection.Forward));
            Time("ntt-inverse", log, 1L << log, () => gpu.Ntt(v, NttDirection.Inverse));
            Time("coset-ntt-forward", log, 1L << log, () => gpu.CosetNtt(v, Fr.MultiplicativeGenerator, NttDirection.Forward));
        }
    }

    private void BenchPoseidon()
    {
        var parameters = Merkle.Poseidon.Parameters(3);
        int[] logs = _small ? [maxLog] : [20, 24];
        foreach (int log in logs.Where(l => l <= 24))
        {
            if (OverBudget($"poseidon-t3 2^{log}")) return;
            using var input = gpu.Upload(BenchmarkInputs.RandomScalars(2 << log, seed: 70 + log));
            using var output = gpu.Allocate(1 << log);
            Time("poseidon-t3", log, 1L << log, () => gpu.PoseidonHash(parameters, input, output), new() { ["unit"] = "permutations" });
        }
    }

    // ------------------------------------------------------------------ output

    private void Log(string line) => Console.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:0.0}s] {line}");

    private void Write()
    {
        if (outPath is null) return;
        var doc = new Dictionary<string, object?>
        {
            ["device"] = spec,
            ["description"] = gpu.Description,
            ["ilgpu"] = typeof(ILGPU.Context).Assembly.GetName().Version?.ToString(),
            ["ptxCarryChains"] = gpu.UsesPtx,
            ["dotnet"] = Environment.Version.ToString(),
            ["hostCores"] = Environment.ProcessorCount,
            ["started"] = DateTime.UtcNow.AddSeconds(-_clock.Elapsed.TotalSeconds).ToString("O"),
            ["elapsedSeconds"] = Math.Round(_clock.Elapsed.TotalSeconds, 1),
            ["allChecksPassed"] = _checks.All(c => (bool)c["passed"]!),
            ["checks"] = _checks,
            ["benchmarks"] = _benchmarks,
            ["targets"] = new Dictionary<string, string>
            {
                ["msm 2^20"] = "<= 12 ms", ["msm 2^24"] = "<= 120 ms", ["ntt 2^24"] = "<= 8 ms", ["poseidon-t3"] = ">= 50e6 permutations/s",
            },
        };
        string dir = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
        Directory.CreateDirectory(dir);
        string tmp = outPath + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(tmp, outPath, overwrite: true);
    }
}
