using System.Numerics;
using System.Runtime.CompilerServices;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu.Poseidon;

namespace ZkmlGpu.Merkle;

/// <summary>
/// The Poseidon reference parameter generator (the Grain LFSR of the paper's generate_parameters_grain script),
/// for a prime field and the x^α S-box:
/// <list type="bullet">
/// <item>An 80-bit register is seeded, most significant bit first, with field = 1 (2 bits), sbox = 0 (4 bits),
/// n (12 bits), t (12 bits), R_F (10 bits), R_P (10 bits), then 30 one-bits.</item>
/// <item>Each step appends b = s[62] ⊕ s[51] ⊕ s[38] ⊕ s[23] ⊕ s[13] ⊕ s[0] and drops s[0]; the first 160 bits are discarded.</item>
/// <item>Output bits are filtered in pairs: take a step; while it is 0, take two more; then take one more and output it.</item>
/// <item>Round constants: (R_F + R_P)·t integers of n bits (most significant first), each resampled while ≥ p.</item>
/// <item>MDS: from the same stream, 2t integers of n bits reduced mod p (resampled all together if any two are
/// equal), x = the first t, y = the last t, M[i, j] = 1 / (x_i + y_j).</item>
/// </list>
/// With n = 254 and circomlib's round numbers this yields circomlib's constants (checked against published ones).
/// </summary>
public sealed class PoseidonGrain
{
    private const int StateBits = 80;
    private readonly byte[] _bits = new byte[StateBits];
    private int _head;

    public PoseidonGrain(int fieldSizeBits, int width, int fullRounds, int partialRounds)
    {
        int i = 0;
        void Put(int value, int count)
        {
            for (int b = count - 1; b >= 0; b--) _bits[i++] = (byte)((value >> b) & 1);
        }
        Put(1, 2);   // prime field
        Put(0, 4);   // x^alpha S-box
        Put(fieldSizeBits, 12);
        Put(width, 12);
        Put(fullRounds, 10);
        Put(partialRounds, 10);
        while (i < StateBits) _bits[i++] = 1;
        for (int k = 0; k < 160; k++) Step();
    }

    /// <summary>circomlib's parameters over BN254 Fr for the given width, regenerated from scratch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PoseidonParameters Generate(int width, int fullRounds, int partialRounds)
    {
        const int n = 254;
        BigInteger p = Fr.Modulus;
        var grain = new PoseidonGrain(n, width, fullRounds, partialRounds);
        var constants = new Fr[(fullRounds + partialRounds) * width];
        for (int i = 0; i < constants.Length; i++)
        {
            BigInteger value;
            do value = grain.NextInteger(n); while (value >= p);
            constants[i] = Fr.FromBigInteger(value);
        }

        var xy = new Fr[2 * width];
        do
        {
            for (int i = 0; i < xy.Length; i++) xy[i] = Fr.FromBigInteger(grain.NextInteger(n));
        } while (xy.Distinct().Count() != xy.Length);
        var mds = new Fr[width * width];
        for (int i = 0; i < width; i++)
            for (int j = 0; j < width; j++)
            {
                Fr sum = xy[i] + xy[width + j];
                if (sum.IsZero) throw new InvalidOperationException("Cauchy matrix entry undefined (x_i + y_j = 0).");
                mds[i * width + j] = sum.Inverse();
            }
        return new PoseidonParameters(width, fullRounds, partialRounds, constants, mds);
    }

    /// <summary>The next filtered output bit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NextBit()
    {
        int bit = Step();
        while (bit == 0)
        {
            Step();
            bit = Step();
        }
        return Step();
    }

    /// <summary>An integer from the next <paramref name="bits"/> output bits, most significant first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BigInteger NextInteger(int bits)
    {
        Span<byte> bigEndian = stackalloc byte[(bits + 7) / 8];
        bigEndian.Clear();
        int offset = bigEndian.Length * 8 - bits; // leading pad bits stay zero
        for (int i = 0; i < bits; i++)
            if (NextBit() != 0) bigEndian[(offset + i) >> 3] |= (byte)(0x80 >> ((offset + i) & 7));
        return new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Step()
    {
        int At(int k) => _bits[_head + k < StateBits ? _head + k : _head + k - StateBits];
        int bit = At(62) ^ At(51) ^ At(38) ^ At(23) ^ At(13) ^ At(0);
        _bits[_head] = (byte)bit; // the old s[0] slot becomes the new s[79]
        _head = _head + 1 == StateBits ? 0 : _head + 1;
        return bit;
    }
}
