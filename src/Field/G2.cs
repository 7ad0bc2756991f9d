using System.Numerics;
using System.Runtime.CompilerServices;
using F = ZkmlGpu.Field.JacobianFormulas<ZkmlGpu.Field.Fq2>;

namespace ZkmlGpu.Field;

/// <summary>
/// A point of G2 on the sextic D-type twist y² = x³ + 3/ξ over Fq2 (ξ = 9 + u), as in EIP-197 (alt_bn128), in
/// affine form. The identity is flagged, with x = y = 0.
/// </summary>
public readonly partial struct G2Affine : IEquatable<G2Affine>
{
    public readonly Fq2 X, Y;
    public readonly bool IsInfinity;

    /// <summary>Builds a point without checks; use <see cref="Create"/> for untrusted coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public G2Affine(Fq2 x, Fq2 y) { X = x; Y = y; IsInfinity = false; }
    private G2Affine(bool infinity) { X = default; Y = default; IsInfinity = infinity; }

    public static G2Affine Infinity { get; } = new(true);
    /// <summary>b' = 3/ξ, the twist's constant.</summary>
    public static Fq2 B { get; } = new Fq2(Fq.FromUInt64(3), Fq.Zero) * Fq2.Xi.Inverse();

    /// <summary>The generator of EIP-197 / go-ethereum.</summary>
    public static G2Affine Generator { get; } = new(
        Fq2.FromBigIntegers(
            BigInteger.Parse("10857046999023057135944570762232829481370756359578518086990519993285655852781"),
            BigInteger.Parse("11559732032986387107991004021392285783925812861821192530917403151452391805634")),
        Fq2.FromBigIntegers(
            BigInteger.Parse("8495653923123431417604973247489272438418190587263600148770280649306958101930"),
            BigInteger.Parse("4082367875863433681332203403145435568316851327593401208105741076214120093531")));

    /// <summary>A checked point: throws <see cref="InvalidEncodingException"/> if (x, y) is off the curve or outside G2.</summary>
    public static G2Affine Create(Fq2 x, Fq2 y)
    {
        var p = new G2Affine(x, y);
        if (!p.IsOnCurve) throw new InvalidEncodingException("G2 point is not on the twist y² = x³ + 3/(9 + u).");
        if (!p.IsInSubgroup) throw new InvalidEncodingException("G2 point is on the twist but not in the order-r subgroup.");
        return p;
    }

    public bool IsOnCurve => IsInfinity || Y.Square() == X.Square() * X + B;

    /// <summary>
    /// Membership in the order-r subgroup (the twist has a large cofactor). Uses ψ(P) = [6x²]P, which holds
    /// exactly on G2 for BN curves (El Housni, Guillevic, Piellard 2022); ψ is the untwist-Frobenius-twist map.
    /// </summary>
    public bool IsInSubgroup => IsOnCurve && ToJacobian().IsInSubgroupUnchecked();

    public G2Jacobian ToJacobian() => IsInfinity ? G2Jacobian.Infinity : new G2Jacobian(X, Y, Fq2.One);
    public static G2Affine operator -(G2Affine p) => p.IsInfinity ? p : new G2Affine(p.X, -p.Y);

    /// <summary>ψ(P) = (conj(x)·γ₁₂, conj(y)·γ₁₃), the q-power Frobenius seen through the twist.</summary>
    public G2Affine Psi() => IsInfinity ? this : new(
        X.Conjugate() * TowerConstants.FrobeniusCoefficients[1][2],
        Y.Conjugate() * TowerConstants.FrobeniusCoefficients[1][3]);

    public bool Equals(G2Affine o) => IsInfinity ? o.IsInfinity : !o.IsInfinity && X == o.X && Y == o.Y;
    public override bool Equals(object? obj) => obj is G2Affine o && Equals(o);
    public override int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
    public static bool operator ==(G2Affine a, G2Affine b) => a.Equals(b);
    public static bool operator !=(G2Affine a, G2Affine b) => !a.Equals(b);
    public override string ToString() => IsInfinity ? "G2(∞)" : $"G2({X}, {Y})";
}

/// <summary>A point of G2 in Jacobian coordinates over Fq2; Z = 0 is the identity.</summary>
public readonly partial struct G2Jacobian : IEquatable<G2Jacobian>
{
    public readonly Fq2 X, Y, Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public G2Jacobian(Fq2 x, Fq2 y, Fq2 z) { X = x; Y = y; Z = z; }

    public static G2Jacobian Infinity { get; } = new(Fq2.One, Fq2.One, Fq2.Zero);
    public static G2Jacobian Generator => G2Affine.Generator.ToJacobian();
    public bool IsInfinity => Z.IsZero;

    public bool IsOnCurve
    {
        get
        {
            if (IsInfinity) return true;
            // Y² = X³ + b'·Z⁶
            Fq2 z2 = Z.Square();
            return Y.Square() == X.Square() * X + G2Affine.B * z2.Square() * z2;
        }
    }

    public G2Jacobian Double() { F.Double(X, Y, Z, out var x, out var y, out var z); return new(x, y, z); }
    public static G2Jacobian operator +(G2Jacobian a, G2Jacobian b) { F.Add(a.X, a.Y, a.Z, b.X, b.Y, b.Z, out var x, out var y, out var z); return new(x, y, z); }
    public static G2Jacobian operator +(G2Jacobian a, G2Affine b)
    {
        if (b.IsInfinity) return a;
        F.AddMixed(a.X, a.Y, a.Z, b.X, b.Y, out var x, out var y, out var z);
        return new(x, y, z);
    }
    public static G2Jacobian operator -(G2Jacobian p) => new(p.X, -p.Y, p.Z);
    public static G2Jacobian operator -(G2Jacobian a, G2Jacobian b) => a + -b;

    /// <summary>ψ in Jacobian form: the Frobenius on each coordinate, then the twist constants on X and Y.</summary>
    public G2Jacobian Psi() => new(
        X.Conjugate() * TowerConstants.FrobeniusCoefficients[1][2],
        Y.Conjugate() * TowerConstants.FrobeniusCoefficients[1][3],
        Z.Conjugate());

    /// <summary>Subgroup test ψ(P) = [6x²]P for a point already known to be on the twist.</summary>
    internal bool IsInSubgroupUnchecked() => IsInfinity || Psi() == MultiplyUnsigned(G2Scalars.SixXSquared);

    public bool IsInSubgroup => IsOnCurve && IsInSubgroupUnchecked();

    public G2Affine ToAffine() => F.ToAffine(X, Y, Z, out var x, out var y) ? new G2Affine(x, y) : G2Affine.Infinity;

    public bool Equals(G2Jacobian o) => F.Equal(X, Y, Z, o.X, o.Y, o.Z);
    public override bool Equals(object? obj) => obj is G2Jacobian o && Equals(o);
    public override int GetHashCode() => ToAffine().GetHashCode();
    public static bool operator ==(G2Jacobian a, G2Jacobian b) => a.Equals(b);
    public static bool operator !=(G2Jacobian a, G2Jacobian b) => !a.Equals(b);
    public override string ToString() => ToAffine().ToString();
}

internal static class G2Scalars
{
    /// <summary>The BN parameter x of BN254 (q and r are polynomials in it).</summary>
    public const ulong X = 4965661367192848881;
    /// <summary>6x², the eigenvalue of ψ on G2 (≡ q mod r).</summary>
    public static readonly U256 SixXSquared = U256.FromBigInteger(6 * (BigInteger)X * X);
}
