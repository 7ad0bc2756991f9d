namespace ZkmlGpu.Field;

/// <summary>
/// The BN254 field constants as 64-bit limbs (least significant first), and the same values as
/// 32-bit limbs for GPU kernels, which cannot use Math.BigMul or UInt128. One source for CPU and GPU.
/// </summary>
public static class Bn254Constants
{
    // r, the scalar field modulus (the order of G1 and G2).
    public const ulong FrModulus0 = 0x43e1f593f0000001, FrModulus1 = 0x2833e84879b97091, FrModulus2 = 0xb85045b68181585d, FrModulus3 = 0x30644e72e131a029;
    /// <summary>−r⁻¹ mod 2^64.</summary>
    public const ulong FrInv = 0xc2e1f593efffffff;
    /// <summary>R = 2^256 mod r (Montgomery one).</summary>
    public const ulong FrR0 = 0xac96341c4ffffffb, FrR1 = 0x36fc76959f60cd29, FrR2 = 0x666ea36f7879462e, FrR3 = 0x0e0a77c19a07df2f;
    /// <summary>R² mod r, to enter Montgomery form.</summary>
    public const ulong FrRSquared0 = 0x1bb8e645ae216da7, FrRSquared1 = 0x53fe3ab1e35c59e3, FrRSquared2 = 0x8c49833d53bb8085, FrRSquared3 = 0x0216d0b17f4e44a5;
    /// <summary>R³ mod r, used by inversion of Montgomery values.</summary>
    public const ulong FrRCubed0 = 0x5e94d8e1b4bf0040, FrRCubed1 = 0x2a489cbe1cfbb6b8, FrRCubed2 = 0x893cc664a19fcfed, FrRCubed3 = 0x0cf8594b7fcc657c;

    // q, the base field modulus of G1.
    public const ulong FqModulus0 = 0x3c208c16d87cfd47, FqModulus1 = 0x97816a916871ca8d, FqModulus2 = 0xb85045b68181585d, FqModulus3 = 0x30644e72e131a029;
    /// <summary>−q⁻¹ mod 2^64.</summary>
    public const ulong FqInv = 0x87d20782e4866389;
    public const ulong FqR0 = 0xd35d438dc58f0d9d, FqR1 = 0x0a78eb28f5c70b3d, FqR2 = 0x666ea36f7879462c, FqR3 = 0x0e0a77c19a07df2f;
    public const ulong FqRSquared0 = 0xf32cfc5b538afa89, FqRSquared1 = 0xb5e71911d44501fb, FqRSquared2 = 0x47ab1eff0a417ff6, FqRSquared3 = 0x06d89f71cab8351f;
    public const ulong FqRCubed0 = 0xb1cd6dafda1530df, FqRCubed1 = 0x62f210e6a7283db6, FqRCubed2 = 0xef7f0b0c0ada0afb, FqRCubed3 = 0x20fd6e902d592544;

    // 32-bit views for kernels (8 limbs, least significant first). −p⁻¹ mod 2^32 is the low half of −p⁻¹ mod 2^64.
    public const uint FrModulus32_0 = unchecked((uint)FrModulus0), FrModulus32_1 = (uint)(FrModulus0 >> 32);
    public const uint FrModulus32_2 = unchecked((uint)FrModulus1), FrModulus32_3 = (uint)(FrModulus1 >> 32);
    public const uint FrModulus32_4 = unchecked((uint)FrModulus2), FrModulus32_5 = (uint)(FrModulus2 >> 32);
    public const uint FrModulus32_6 = unchecked((uint)FrModulus3), FrModulus32_7 = (uint)(FrModulus3 >> 32);
    public const uint FrInv32 = unchecked((uint)FrInv);

    public const uint FqModulus32_0 = unchecked((uint)FqModulus0), FqModulus32_1 = (uint)(FqModulus0 >> 32);
    public const uint FqModulus32_2 = unchecked((uint)FqModulus1), FqModulus32_3 = (uint)(FqModulus1 >> 32);
    public const uint FqModulus32_4 = unchecked((uint)FqModulus2), FqModulus32_5 = (uint)(FqModulus2 >> 32);
    public const uint FqModulus32_6 = unchecked((uint)FqModulus3), FqModulus32_7 = (uint)(FqModulus3 >> 32);
    public const uint FqInv32 = unchecked((uint)FqInv);

    /// <summary>The 2-adicity of r − 1: Fr has 2^28-th roots of unity.</summary>
    public const int FrTwoAdicity = 28;
}
