using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU.Runtime.Cuda;
using ZkmlGpu.Field;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>
/// A 256-bit field element as eight 32-bit limbs, least significant first: the same 32 bytes as the CPU's
/// <see cref="U256"/> (four little-endian 64-bit limbs), so Fr/Fq arrays upload as raw copies.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct U32x8
{
    public uint L0, L1, L2, L3, L4, L5, L6, L7;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public U32x8(uint l0, uint l1, uint l2, uint l3, uint l4, uint l5, uint l6, uint l7)
    {
        L0 = l0; L1 = l1; L2 = l2; L3 = l3; L4 = l4; L5 = l5; L6 = l6; L7 = l7;
    }

    public readonly bool IsZero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (L0 | L1 | L2 | L3 | L4 | L5 | L6 | L7) == 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(in U32x8 a, in U32x8 b) =>
        ((a.L0 ^ b.L0) | (a.L1 ^ b.L1) | (a.L2 ^ b.L2) | (a.L3 ^ b.L3) | (a.L4 ^ b.L4) | (a.L5 ^ b.L5) | (a.L6 ^ b.L6) | (a.L7 ^ b.L7)) == 0;

    /// <summary>Limb i (0..7), for loops over windows; a switch because kernels cannot index struct fields.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint Limb(int i) => i switch
    {
        0 => L0, 1 => L1, 2 => L2, 3 => L3, 4 => L4, 5 => L5, 6 => L6, 7 => L7, _ => 0u,
    };

    public static U32x8 FromU256(in U256 x) => new(
        (uint)x.U0, (uint)(x.U0 >> 32), (uint)x.U1, (uint)(x.U1 >> 32),
        (uint)x.U2, (uint)(x.U2 >> 32), (uint)x.U3, (uint)(x.U3 >> 32));

    public readonly U256 ToU256() => new(
        L0 | ((ulong)L1 << 32), L2 | ((ulong)L3 << 32), L4 | ((ulong)L5 << 32), L6 | ((ulong)L7 << 32));
}

/// <summary>An affine G1 point on the device (Montgomery Fq limbs). The identity is (0, 0), which is not on the curve.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct G1AffineK
{
    public U32x8 X, Y;

    public readonly bool IsInfinity
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => X.IsZero && Y.IsZero;
    }

    public static G1AffineK FromHost(in G1Affine p) =>
        p.IsInfinity ? default : new G1AffineK { X = U32x8.FromU256(p.X.Mont), Y = U32x8.FromU256(p.Y.Mont) };

    public readonly G1Affine ToHost() =>
        IsInfinity ? G1Affine.Infinity : new G1Affine(Fq.FromMontgomery(X.ToU256()), Fq.FromMontgomery(Y.ToU256()));
}

/// <summary>A Jacobian G1 point on the device; Z = 0 is the identity.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct G1JacK
{
    public U32x8 X, Y, Z;

    public readonly G1Jacobian ToHost() =>
        new(Fq.FromMontgomery(X.ToU256()), Fq.FromMontgomery(Y.ToU256()), Fq.FromMontgomery(Z.ToU256()));
}

/// <summary>Settings read when kernels are compiled (ILGPU folds readonly statics into constants).</summary>
internal static class KernelSettings
{
    /// <summary>Use the PTX carry-chain multiplication on CUDA; ZKML_GPU_NO_PTX=1 selects the portable one (for A/B checks).</summary>
    public static readonly bool UsePtx = Environment.GetEnvironmentVariable("ZKML_GPU_NO_PTX") is null or "" or "0";
}

/// <summary>PTX integer instructions with the carry flag (one instruction each, chained as in CUDA C).</summary>
internal static class Ptx
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MadLoCc(uint x, uint y, uint z) { CudaAsm.Emit("mad.lo.cc.u32 %0, %1, %2, %3;", out uint r, x, y, z); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MadcLoCc(uint x, uint y, uint z) { CudaAsm.Emit("madc.lo.cc.u32 %0, %1, %2, %3;", out uint r, x, y, z); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MadHiCc(uint x, uint y, uint z) { CudaAsm.Emit("mad.hi.cc.u32 %0, %1, %2, %3;", out uint r, x, y, z); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MadcHiCc(uint x, uint y, uint z) { CudaAsm.Emit("madc.hi.cc.u32 %0, %1, %2, %3;", out uint r, x, y, z); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint MadcHi(uint x, uint y, uint z) { CudaAsm.Emit("madc.hi.u32 %0, %1, %2, %3;", out uint r, x, y, z); return r; }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Addc(uint x, uint y) { CudaAsm.Emit("addc.u32 %0, %1, %2;", out uint r, x, y); return r; }
}
