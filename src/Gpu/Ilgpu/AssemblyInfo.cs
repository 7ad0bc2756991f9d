using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits kernel wrappers into a dynamic assembly named ILGPURuntime; the kernel types are internal.
[assembly: InternalsVisibleTo("ILGPURuntime")]
// The device check (zkml-gpu gpu-check) and the circomlib-vector tests use the test hooks (CPU accelerator, field kernels).
[assembly: InternalsVisibleTo("zkml-gpu")]
[assembly: InternalsVisibleTo("ZkmlGpu.Merkle.Tests")]
