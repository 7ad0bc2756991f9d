using System.Numerics;

namespace ZkmlGpu.Field;

/// <summary>
/// A field, so that towers, curves and polynomial code are written once (arkworks style).
/// Fr, Fq, Fq2, Fq6 and Fq12 implement it.
/// </summary>
public interface IField<T> :
    IEquatable<T>,
    IAdditionOperators<T, T, T>,
    ISubtractionOperators<T, T, T>,
    IMultiplyOperators<T, T, T>,
    IUnaryNegationOperators<T, T>,
    IEqualityOperators<T, T, bool>
    where T : struct, IField<T>
{
    static abstract T Zero { get; }
    static abstract T One { get; }
    bool IsZero { get; }
    T Square();
    T Double();
    /// <summary>The multiplicative inverse; throws <see cref="DivideByZeroException"/> for zero.</summary>
    T Inverse();
}

/// <summary>A prime field of at most 256 bits, kept in Montgomery form.</summary>
public interface IPrimeField<T> : IField<T> where T : struct, IPrimeField<T>
{
    static abstract BigInteger Modulus { get; }
    static abstract T FromBigInteger(BigInteger value);
    static abstract T FromUInt64(ulong value);
    BigInteger ToBigInteger();
    /// <summary>The canonical (non-Montgomery) integer value.</summary>
    U256 ToCanonical();
    T Pow(U256 exponent);
    /// <summary>The Legendre symbol: 0 for zero, 1 for a non-zero square, −1 for a non-square.</summary>
    int Legendre();
    /// <summary>A square root if one exists (which of ±root is unspecified); false for non-squares.</summary>
    bool TrySqrt(out T root);
    /// <summary>A square root; throws <see cref="ArithmeticException"/> for a non-square.</summary>
    T Sqrt();
    /// <summary>Whether the canonical value is greater than (p − 1)/2.</summary>
    bool IsLexicographicallyLargest { get; }
}
