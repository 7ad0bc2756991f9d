using ZkmlGpu.Zkml.Chunking;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>What `prove --chunks` was asked for (see <see cref="BundleProve"/>).</summary>
internal sealed record BundleProveArgs(
    FileInfo ModelFile,
    LoadedModel Loaded,
    Settings Reproducing,
    ChunkPlan Plan,
    int MaxLogRows,
    FileInfo InputFile,
    DirectoryInfo Dir,
    SrsSource Srs,
    string Devices,
    DirectoryInfo? Keys,
    bool Json,
    FileInfo? Report,
    bool Resume);
