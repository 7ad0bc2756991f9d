using System.Security.Cryptography;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Gpu.Cpu;

namespace ZkmlGpu.Prover.Kzg;

/// <summary>
/// A KZG structured reference string over BN254: the powers τ^i·G1 for i &lt; <see cref="Size"/> (so polynomials
/// of degree below Size can be committed), and G2, τ·G2 for verification. Immutable; build it with
/// <see cref="ReadPtau(string, int?, bool)"/> (a snarkjs powers-of-tau file), <see cref="Read(Stream, bool)"/>
/// (this project's compact format) or, for tests only, <see cref="CreateInsecureDevelopmentSrs"/>. Files are fully
/// validated by default (<see cref="ValidateAllPowers"/>); <see cref="Digest"/> names the SRS in verifying keys.
/// </summary>
public sealed partial class Srs
{
    private readonly G1Affine[] _g1Powers;

    private Srs(G1Affine[] g1Powers, G2Affine g2, G2Affine tauG2, bool insecureDevelopment, KzgVerifierKey? verifierKey = null)
    {
        if (g1Powers.Length == 0) throw new ArgumentException("An SRS needs at least one G1 power.", nameof(g1Powers));
        _g1Powers = g1Powers;
        G2 = g2;
        TauG2 = tauG2;
        VerifierKey = verifierKey ?? new KzgVerifierKey(g1Powers[0], g2, tauG2, insecureDevelopment);
    }

    /// <summary>τ^i·G1 for i &lt; Size; element 0 is the G1 generator.</summary>
    public ReadOnlyMemory<G1Affine> G1Powers => _g1Powers;

    /// <summary>The number of G1 powers: commitments accept polynomials of degree below Size.</summary>
    public int Size => _g1Powers.Length;

    /// <summary>The G1 generator, τ^0·G1.</summary>
    public G1Affine G1 => _g1Powers[0];

    /// <summary>The G2 generator.</summary>
    public G2Affine G2 { get; }

    /// <summary>τ·G2.</summary>
    public G2Affine TauG2 { get; }

    /// <summary>What a verifier needs: G1, G2 and τ·G2, the digest and the development flag.</summary>
    public KzgVerifierKey VerifierKey { get; }

    /// <summary>Names this SRS (G1, G2, τ·G2); the same for every truncation.</summary>
    public SrsDigest Digest => VerifierKey.Digest;

    /// <summary>True for <see cref="CreateInsecureDevelopmentSrs"/> (and files saved from it): τ is public.</summary>
    public bool IsInsecureDevelopment => VerifierKey.IsInsecureDevelopment;

    /// <summary>
    /// Reads the first <paramref name="maxSize"/> G1 powers (default 2^power, at most 2^(power+1) − 1) and the two
    /// G2 points of a snarkjs .ptau file, checking the prime, the section sizes, that every point read is on its
    /// curve (G2 in the subgroup), the generators, and e(τ·G1, G2) = e(G1, τ·G2), then, unless
    /// <paramref name="validateAllPowers"/> is false, that every power read is τ times the previous one
    /// (<see cref="ValidateAllPowers"/>). Malformed files throw <see cref="InvalidEncodingException"/>.
    /// </summary>
    public static Srs ReadPtau(string path, int? maxSize = null, bool validateAllPowers = true)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess);
        return ReadPtau(file, maxSize, validateAllPowers);
    }

    /// <inheritdoc cref="ReadPtau(string, int?, bool)"/>
    public static Srs ReadPtau(Stream stream, int? maxSize = null, bool validateAllPowers = true)
    {
        var (g1, g2, tauG2) = PtauReader.Read(stream, maxSize);
        var srs = new Srs(g1, g2, tauG2, insecureDevelopment: false);
        if (validateAllPowers) srs.ValidateAllPowers();
        return srs;
    }

    /// <summary>
    /// INSECURE — for tests and benchmarks only. τ is derived deterministically from <paramref name="seed"/>, so
    /// anyone who knows the seed knows τ and can forge openings. Never use it for proofs that must be sound.
    /// </summary>
    public static Srs CreateInsecureDevelopmentSrs(int size, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Fr tau = InsecureDevelopmentTau(seed);
        return new Srs(PowersTimesGenerator(tau, size), G2Affine.Generator, (G2Affine.Generator * tau).ToAffine(), insecureDevelopment: true);
    }

    /// <summary>The τ that <see cref="CreateInsecureDevelopmentSrs"/> uses for a seed (exposed to make the insecurity explicit and testable).</summary>
    public static Fr InsecureDevelopmentTau(ulong seed)
    {
        Span<byte> input = stackalloc byte[41];
        "ZkmlGpu insecure development SRS"u8.CopyTo(input);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(input[32..], seed);
        for (byte counter = 0; ; counter++)
        {
            input[40] = counter;
            Fr tau = Fr.FromWideBytes(SHA512.HashData(input));
            // τ ∈ {0, 1} would make every power equal; the odds are negligible but the check is free.
            if (!tau.IsZero && !tau.IsOne) return tau;
        }
    }

    /// <summary>
    /// Checks that every G1 power is τ times the previous one, not just the first: with secret random weights r_i,
    /// e(Σ r_i·P_{i+1}, G2) = e(Σ r_i·P_i, τ·G2), two MSMs on <paramref name="device"/> (the CPU backend when null)
    /// and one multi-pairing. A wrong power passes with probability about 1/r. Loading a file runs it by default;
    /// throws <see cref="InvalidEncodingException"/> when the powers are inconsistent.
    /// </summary>
    public void ValidateAllPowers(IComputeDevice? device = null)
    {
        if (Size < 2) return;
        if (device is null)
        {
            using var cpu = new CpuDevice();
            ValidateAllPowers(cpu);
            return;
        }
        var weights = new Fr[Size - 1];
        for (int i = 0; i < weights.Length; i++) weights[i] = Fr.RandomSecure();
        var lower = device.Msm(_g1Powers.AsSpan(0, Size - 1), weights).ToAffine();
        var upper = device.Msm(_g1Powers.AsSpan(1), weights).ToAffine();
        if (!Pairing.Check([upper, -lower], [G2, TauG2]))
            throw new InvalidEncodingException("The SRS's G1 powers are not successive powers of the τ in τ·G2.");
    }

    /// <summary>The first <paramref name="size"/> powers of this SRS (G2 elements unchanged).</summary>
    public Srs Truncate(int size)
    {
        if (size < 1 || size > Size) throw new ArgumentOutOfRangeException(nameof(size), $"Size must be in [1, {Size}], got {size}.");
        return size == Size ? this : new Srs(_g1Powers[..size], G2, TauG2, IsInsecureDevelopment, VerifierKey);
    }

    // 8160 affine points (~0.6 MB), built once per process.
    private static readonly Lazy<G1FixedBaseTable> GeneratorTable = new(() => new G1FixedBaseTable(G1Affine.Generator));

    /// <summary>τ^i·G1 for i &lt; size, in parallel chunks.</summary>
    private static G1Affine[] PowersTimesGenerator(Fr tau, int size)
    {
        var table = GeneratorTable.Value;
        var jac = new G1Jacobian[size];
        const int chunk = 1024;
        int chunks = (size + chunk - 1) / chunk;
        Parallel.For(0, chunks, c =>
        {
            int start = c * chunk, end = Math.Min(size, start + chunk);
            Fr power = tau.Pow((ulong)start);
            for (int i = start; i < end; i++)
            {
                jac[i] = table.Multiply(power);
                power *= tau;
            }
        });
        return G1Helpers.BatchToAffineParallel(jac);
    }
}
