using System.Numerics;
using System.Runtime.CompilerServices;
using M = ZkmlGpu.Field.MontgomeryArithmetic<ZkmlGpu.Field.FrModulus>;

namespace ZkmlGpu.Field;

/// <summary>An element of the BN254 scalar field Fr, in Montgomery form.</summary>
public readonly partial struct Fr : IPrimeField<Fr>
{
    /// <summary>The Montgomery representation a·R mod r.</summary>
    public readonly U256 Mont;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fr(U256 mont) => Mont = mont;

    /// <summary>Wraps limbs that are already in Montgomery form and below r (e.g. from a GPU buffer).</summary>
    public static Fr FromMontgomery(U256 mont) => new(mont);

    public static BigInteger Modulus { get; } = FrModulus.Modulus.ToBigInteger();
    public static Fr Zero => default;
    public static Fr One => new(FrModulus.R);
    public bool IsZero => Mont.IsZero;
    public bool IsOne => Mont == FrModulus.R;

    public static Fr FromUInt64(ulong value) => new(M.ToMontgomery(new U256(value, 0, 0, 0)));
    /// <summary>Any integer, reduced mod r (negative values map to r − |x| mod r).</summary>
    public static Fr FromBigInteger(BigInteger value) => new(M.FromBigInteger(value));
    public static Fr FromInt64(long value) => value >= 0 ? FromUInt64((ulong)value) : -FromUInt64((ulong)(-(value + 1)) + 1);
    public BigInteger ToBigInteger() => ToCanonical().ToBigInteger();
    public U256 ToCanonical() => M.FromMontgomery(Mont);

    public static Fr FromBytesBigEndian(ReadOnlySpan<byte> bytes) => new(M.FromCanonicalBytes(bytes, bigEndian: true));
    public static Fr FromBytesLittleEndian(ReadOnlySpan<byte> bytes) => new(M.FromCanonicalBytes(bytes, bigEndian: false));
    public void WriteBytesBigEndian(Span<byte> destination) => ToCanonical().WriteBigEndian(destination);
    public void WriteBytesLittleEndian(Span<byte> destination) => ToCanonical().WriteLittleEndian(destination);
    /// <summary>Reduces 64 uniform bytes to a uniform element (for hashing to the field).</summary>
    public static Fr FromWideBytes(ReadOnlySpan<byte> bytes64) => new(M.FromWideBytes(bytes64));

    public static Fr Random(Random rng) => new(M.Random(rng));
    /// <summary>Cryptographically secure sampling, for blinding factors.</summary>
    public static Fr RandomSecure() => new(M.RandomSecure());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fr operator +(Fr a, Fr b) => new(M.Add(a.Mont, b.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fr operator -(Fr a, Fr b) => new(M.Sub(a.Mont, b.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fr operator *(Fr a, Fr b) => new(M.Mul(a.Mont, b.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fr operator -(Fr a) => new(M.Neg(a.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fr Square() => new(M.Square(Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fr Double() => new(M.Add(Mont, Mont));
    public Fr Inverse() => new(M.Inverse(Mont));
    public Fr Pow(U256 exponent) => new(M.Pow(Mont, exponent));
    public Fr Pow(ulong exponent) => Pow(new U256(exponent, 0, 0, 0));

    /// <summary>The Legendre symbol: 0 for zero, 1 for a non-zero square, −1 for a non-square.</summary>
    public int Legendre() => M.Legendre(Mont);
    /// <summary>A square root if one exists (which of ±root is unspecified); false for non-squares.</summary>
    public bool TrySqrt(out Fr root)
    {
        bool ok = M.TrySqrt(Mont, out U256 r);
        root = new(r);
        return ok;
    }
    /// <summary>A square root; throws <see cref="ArithmeticException"/> for a non-square.</summary>
    public Fr Sqrt() => TrySqrt(out Fr root) ? root : throw new ArithmeticException("The element is not a square in Fr.");
    /// <summary>Whether the canonical value is greater than (p − 1)/2 (the sign bit of compressed points).</summary>
    public bool IsLexicographicallyLargest => M.IsLexicographicallyLargest(Mont);

    public static bool operator ==(Fr a, Fr b) => a.Mont == b.Mont;
    public static bool operator !=(Fr a, Fr b) => a.Mont != b.Mont;
    public bool Equals(Fr other) => Mont == other.Mont;
    public override bool Equals(object? obj) => obj is Fr o && Equals(o);
    public override int GetHashCode() => Mont.GetHashCode();
    public override string ToString() => ToBigInteger().ToString();
}
