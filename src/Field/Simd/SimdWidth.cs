namespace ZkmlGpu.Field.Simd;

/// <summary>
/// The lane count batched field arithmetic runs with: 8 (AVX-512F and DQ), 4 (AVX2 and FMA) or 1 (scalar), the widest the CPU
/// supports unless the environment variable ZKMLGPU_SIMD_WIDTH (1, 4 or 8) asks for less. Every width gives
/// bit-identical results; tests pin one with <see cref="Override"/>.
/// </summary>
public static class SimdWidth
{
    /// <summary>The widest width this CPU supports.</summary>
    public static int Supported { get; } = FrLanes512.IsSupported ? 8 : FrLanes256.IsSupported ? 4 : 1;

    private static readonly int Configured = FromEnvironment();
    // AsyncLocal so a test's choice flows into the Parallel.For workers it starts and no further.
    private static readonly AsyncLocal<int> Overridden = new();

    /// <summary>The width in use on this logical flow.</summary>
    public static int Current => Overridden.Value != 0 ? Overridden.Value : Configured;

    /// <summary>Widths this CPU can run, widest first (always ends with 1).</summary>
    public static IReadOnlyList<int> Available { get; } = new[] { 8, 4, 1 }.Where(w => w <= Supported).ToArray();

    /// <summary>Uses <paramref name="width"/> on the current flow until disposed (tests and benchmarks).</summary>
    public static IDisposable Override(int width)
    {
        if (width != 1 && width != 4 && width != 8) throw new ArgumentOutOfRangeException(nameof(width), width, "Widths are 1, 4 or 8.");
        if (width > Supported) throw new NotSupportedException($"This CPU supports lane widths up to {Supported}, not {width}.");
        int previous = Overridden.Value;
        Overridden.Value = width;
        return new Restore(previous);
    }

    private static int FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable("ZKMLGPU_SIMD_WIDTH");
        if (string.IsNullOrWhiteSpace(text) || !int.TryParse(text, out int w)) return Supported;
        int asked = w >= 8 ? 8 : w >= 4 ? 4 : 1;
        return Math.Min(asked, Supported);
    }

    private sealed class Restore(int previous) : IDisposable
    {
        public void Dispose() => Overridden.Value = previous;
    }
}
