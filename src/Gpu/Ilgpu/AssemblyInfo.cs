using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits kernel wrappers into a dynamic assembly named ILGPURuntime; the kernel types are internal.
[assembly: InternalsVisibleTo("ILGPURuntime")]
