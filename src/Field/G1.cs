using System.Runtime.CompilerServices;
using F = ZkmlGpu.Field.JacobianFormulas<ZkmlGpu.Field.Fq>;

namespace ZkmlGpu.Field;

/// <summary>A point of G1 (y² = x³ + 3 over Fq) in affine form. The identity is flagged, with x = y = 0.</summary>
public readonly partial struct G1Affine : IEquatable<G1Affine>
{
    public readonly Fq X, Y;
    public readonly bool IsInfinity;

    /// <summary>Builds a point without checks; use <see cref="Create"/> for untrusted coordinates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public G1Affine(Fq x, Fq y) { X = x; Y = y; IsInfinity = false; }
    private G1Affine(bool infinity) { X = default; Y = default; IsInfinity = infinity; }

    public static G1Affine Infinity { get; } = new(true);
    public static Fq B { get; } = Fq.FromUInt64(3);
    public static G1Affine Generator { get; } = new(Fq.One, Fq.FromUInt64(2));

    /// <summary>A checked point: throws <see cref="InvalidEncodingException"/> if (x, y) is not on the curve.</summary>
    public static G1Affine Create(Fq x, Fq y)
    {
        var p = new G1Affine(x, y);
        if (!p.IsOnCurve) throw new InvalidEncodingException("G1 point is not on the curve y² = x³ + 3.");
        return p;
    }

    public bool IsOnCurve => IsInfinity || Y.Square() == X.Square() * X + B;
    /// <summary>G1 has cofactor 1, so every curve point is in the subgroup.</summary>
    public bool IsInSubgroup => IsOnCurve;

    public G1Jacobian ToJacobian() => IsInfinity ? G1Jacobian.Infinity : new G1Jacobian(X, Y, Fq.One);
    public static G1Affine operator -(G1Affine p) => p.IsInfinity ? p : new G1Affine(p.X, -p.Y);

    public bool Equals(G1Affine o) => IsInfinity ? o.IsInfinity : !o.IsInfinity && X == o.X && Y == o.Y;
    public override bool Equals(object? obj) => obj is G1Affine o && Equals(o);
    public override int GetHashCode() => IsInfinity ? 0 : HashCode.Combine(X, Y);
    public static bool operator ==(G1Affine a, G1Affine b) => a.Equals(b);
    public static bool operator !=(G1Affine a, G1Affine b) => !a.Equals(b);
    public override string ToString() => IsInfinity ? "G1(∞)" : $"G1({X}, {Y})";
}

/// <summary>A point of G1 in Jacobian coordinates; Z = 0 is the identity.</summary>
public readonly partial struct G1Jacobian : IEquatable<G1Jacobian>
{
    public readonly Fq X, Y, Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public G1Jacobian(Fq x, Fq y, Fq z) { X = x; Y = y; Z = z; }

    public static G1Jacobian Infinity { get; } = new(Fq.One, Fq.One, Fq.Zero);
    public static G1Jacobian Generator => G1Affine.Generator.ToJacobian();
    public bool IsInfinity => Z.IsZero;

    public G1Jacobian Double() { F.Double(X, Y, Z, out var x, out var y, out var z); return new(x, y, z); }
    public static G1Jacobian operator +(G1Jacobian a, G1Jacobian b) { F.Add(a.X, a.Y, a.Z, b.X, b.Y, b.Z, out var x, out var y, out var z); return new(x, y, z); }
    public static G1Jacobian operator +(G1Jacobian a, G1Affine b)
    {
        if (b.IsInfinity) return a;
        F.AddMixed(a.X, a.Y, a.Z, b.X, b.Y, out var x, out var y, out var z);
        return new(x, y, z);
    }
    public static G1Jacobian operator -(G1Jacobian p) => new(p.X, -p.Y, p.Z);
    public static G1Jacobian operator -(G1Jacobian a, G1Jacobian b) => a + -b;

    public G1Affine ToAffine() => F.ToAffine(X, Y, Z, out var x, out var y) ? new G1Affine(x, y) : G1Affine.Infinity;

    public bool Equals(G1Jacobian o) => F.Equal(X, Y, Z, o.X, o.Y, o.Z);
    public override bool Equals(object? obj) => obj is G1Jacobian o && Equals(o);
    public override int GetHashCode() => ToAffine().GetHashCode();
    public static bool operator ==(G1Jacobian a, G1Jacobian b) => a.Equals(b);
    public static bool operator !=(G1Jacobian a, G1Jacobian b) => !a.Equals(b);
    public override string ToString() => ToAffine().ToString();
}
