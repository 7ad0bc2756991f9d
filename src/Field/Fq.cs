using System.Numerics;
using System.Runtime.CompilerServices;
using M = ZkmlGpu.Field.MontgomeryArithmetic<ZkmlGpu.Field.FqModulus>;

namespace ZkmlGpu.Field;

/// <summary>An element of the BN254 base field Fq (coordinates of G1), in Montgomery form.</summary>
public readonly partial struct Fq : IPrimeField<Fq>
{
    /// <summary>The Montgomery representation a·R mod q.</summary>
    public readonly U256 Mont;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Fq(U256 mont) => Mont = mont;

    /// <summary>Wraps limbs that are already in Montgomery form and below q (e.g. from a GPU buffer).</summary>
    public static Fq FromMontgomery(U256 mont) => new(mont);

    public static BigInteger Modulus { get; } = FqModulus.Modulus.ToBigInteger();
    public static Fq Zero => default;
    public static Fq One => new(FqModulus.R);
    public bool IsZero => Mont.IsZero;
    public bool IsOne => Mont == FqModulus.R;

    public static Fq FromUInt64(ulong value) => new(M.ToMontgomery(new U256(value, 0, 0, 0)));
    /// <summary>Any integer, reduced mod q (negative values map to q − |x| mod q).</summary>
    public static Fq FromBigInteger(BigInteger value) => new(M.FromBigInteger(value));
    public static Fq FromInt64(long value) => value >= 0 ? FromUInt64((ulong)value) : -FromUInt64((ulong)(-(value + 1)) + 1);
    public BigInteger ToBigInteger() => ToCanonical().ToBigInteger();
    public U256 ToCanonical() => M.FromMontgomery(Mont);

    public static Fq FromBytesBigEndian(ReadOnlySpan<byte> bytes) => new(M.FromCanonicalBytes(bytes, bigEndian: true));
    public static Fq FromBytesLittleEndian(ReadOnlySpan<byte> bytes) => new(M.FromCanonicalBytes(bytes, bigEndian: false));
    public void WriteBytesBigEndian(Span<byte> destination) => ToCanonical().WriteBigEndian(destination);
    public void WriteBytesLittleEndian(Span<byte> destination) => ToCanonical().WriteLittleEndian(destination);
    /// <summary>Reduces 64 uniform bytes to a uniform element (for hashing to the field).</summary>
    public static Fq FromWideBytes(ReadOnlySpan<byte> bytes64) => new(M.FromWideBytes(bytes64));

    public static Fq Random(Random rng) => new(M.Random(rng));
    /// <summary>Cryptographically secure sampling.</summary>
    public static Fq RandomSecure() => new(M.RandomSecure());


    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq operator +(Fq a, Fq b) => new(M.Add(a.Mont, b.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq operator -(Fq a, Fq b) => new(M.Sub(a.Mont, b.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq operator *(Fq a, Fq b) => new(M.MulOutOfLine(a.Mont, b.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Fq operator -(Fq a) => new(M.Neg(a.Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fq Square() => new(M.SquareOutOfLine(Mont));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Fq Double() => new(M.Add(Mont, Mont));
    public Fq Inverse() => new(M.Inverse(Mont));
    public Fq Pow(U256 exponent) => new(M.Pow(Mont, exponent));
    public Fq Pow(ulong exponent) => Pow(new U256(exponent, 0, 0, 0));

    /// <summary>The Legendre symbol: 0 for zero, 1 for a non-zero square, −1 for a non-square.</summary>
    public int Legendre() => M.Legendre(Mont);
    /// <summary>A square root if one exists (which of ±root is unspecified); false for non-squares.</summary>
    public bool TrySqrt(out Fq root)
    {
        bool ok = M.TrySqrt(Mont, out U256 r);
        root = new(r);
        return ok;
    }
    /// <summary>A square root; throws <see cref="ArithmeticException"/> for a non-square.</summary>
    public Fq Sqrt() => TrySqrt(out Fq root) ? root : throw new ArithmeticException("The element is not a square in Fq.");
    /// <summary>Whether the canonical value is greater than (p − 1)/2 (the sign bit of compressed points).</summary>
    public bool IsLexicographicallyLargest => M.IsLexicographicallyLargest(Mont);

    public static bool operator ==(Fq a, Fq b) => a.Mont == b.Mont;
    public static bool operator !=(Fq a, Fq b) => a.Mont != b.Mont;
    public bool Equals(Fq other) => Mont == other.Mont;
    public override bool Equals(object? obj) => obj is Fq o && Equals(o);
    public override int GetHashCode() => Mont.GetHashCode();
    public override string ToString() => ToBigInteger().ToString();
}
