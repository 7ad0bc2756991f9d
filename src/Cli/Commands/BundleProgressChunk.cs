namespace ZkmlGpu.Cli.Commands;

/// <summary>One finished chunk in progress.json: its proof file and the file's SHA-256, the device, the prove time and its verifying key's digest.</summary>
internal sealed record BundleProgressChunk(int Index, string Proof, string ProofSha256, string Device, double ProveMs, string VerifyingKeyDigest);
