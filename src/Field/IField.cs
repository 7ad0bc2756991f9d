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
}
