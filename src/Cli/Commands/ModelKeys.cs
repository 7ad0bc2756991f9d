using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// A model's keys, from the <see cref="KeyCache"/> or made by keygen from the circuit's shape alone
/// (CircuitShape.Of(new ModelCircuit(model))) at the smallest k it fits, and then cached. Prove and verify share it,
/// so both derive keys the same way.
/// </summary>
internal static class ModelKeys
{
    public sealed record Keys<T>(T Key, int RowsUsed, bool Cached, double Ms);

    public static Keys<ProvingKey> Proving(QuantizedModel model, string entry, KeyCache cache, SrsSource srs, IComputeDevice device)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (cache.LoadProvingKey(entry, srs, device, out string? problem) is { } hit)
            return new(hit.Pk, hit.RowsUsed, true, clock.Elapsed.TotalMilliseconds);
        Warn(entry, problem);
        var (pk, rows) = Generate(model, srs, device);
        double ms = clock.Elapsed.TotalMilliseconds;
        cache.Store(entry, pk, rows, Console.Error);
        return new(pk, rows, false, ms);
    }

    public static Keys<VerifyingKey> Verifying(QuantizedModel model, string entry, KeyCache cache, SrsSource srs)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (cache.LoadVerifyingKey(entry, srs.Digest, out string? problem) is { } hit)
            return new(hit.Vk, hit.RowsUsed, true, clock.Elapsed.TotalMilliseconds);
        Warn(entry, problem);
        using var device = new CpuDevice();
        var (pk, rows) = Generate(model, srs, device);
        using (pk)
        {
            double ms = clock.Elapsed.TotalMilliseconds;
            cache.Store(entry, pk, rows, Console.Error);
            return new(pk.Vk, rows, false, ms);
        }
    }

    private static (ProvingKey Pk, int RowsUsed) Generate(QuantizedModel model, SrsSource srs, IComputeDevice device)
    {
        var shape = CircuitShape.Of(new ModelCircuit(model));
        int k = shape.MinimumK;
        return (Keygen.Create(srs.Load(k), device, shape, k), shape.RowsUsed);
    }

    private static void Warn(string entry, string? problem)
    {
        if (problem is not null) Console.Error.WriteLine($"warning: key cache entry {entry} is unusable ({problem}): regenerating it");
    }
}
