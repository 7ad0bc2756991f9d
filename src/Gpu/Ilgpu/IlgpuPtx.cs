using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace ZkmlGpu.Gpu.Ilgpu;

/// <summary>
/// Compiles every kernel to PTX without a GPU (ILGPU's backend needs no driver), so CI catches constructs the CUDA
/// backend rejects, and the carry-chain path can be inspected.
/// </summary>
internal static class IlgpuPtx
{
    private static readonly string[] ImplicitKernels =
    [
        nameof(IlgpuKernels.FieldOps), nameof(IlgpuKernels.Scale), nameof(IlgpuKernels.BitReverse),
        nameof(IlgpuKernels.Powers), nameof(IlgpuKernels.MsmDigits), nameof(IlgpuKernels.LowerBounds), nameof(IlgpuKernels.BucketSums),
        nameof(IlgpuKernels.SegmentSums), nameof(IlgpuKernels.ChunkSums), nameof(IlgpuKernels.Poseidon3), nameof(IlgpuKernels.PoseidonAny),
    ];

    /// <summary>Kernel name → PTX assembly for the given architecture (default sm_90, the H100/H200).</summary>
    internal static OptimizationLevel Level = OptimizationLevel.O1;

    public static IReadOnlyDictionary<string, string> CompileAll(CudaArchitecture? architecture = null)
    {
        var arch = architecture ?? CudaArchitecture.SM_90;
        using var context = Context.Create(b => b.Optimize(Level).EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_80, nvvmAPI: null);
        var result = new Dictionary<string, string>();
        foreach (string name in ImplicitKernels)
            result[name] = Compile(backend, EntryPointDescription.FromImplicitlyGroupedKernel(Method(name)));
        result[nameof(IlgpuKernels.ButterflyTile)] = Compile(backend, EntryPointDescription.FromExplicitlyGroupedKernel(Method(nameof(IlgpuKernels.ButterflyTile))));
        return result;
    }

    private static MethodInfo Method(string name) =>
        typeof(IlgpuKernels).GetMethod(name, BindingFlags.Public | BindingFlags.Static) ?? throw new MissingMethodException(nameof(IlgpuKernels), name);

    private static string Compile(PTXBackend backend, EntryPointDescription entry)
    {
        var kernel = backend.Compile(entry, KernelSpecialization.Empty);
        return ((PTXCompiledKernel)kernel).PTXAssembly;
    }
}
