namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// One chunk of a bundle's manifest (see <see cref="BundleManifest"/>): its node range [FirstNode, EndNode), the
/// edges crossing in and out, its public boundary commitments (hex, 32 bytes big-endian), its proof file, and how it
/// was made. Only the commitments and the proof are checked cryptographically; the rest is checked against the plan.
/// </summary>
internal sealed record BundleChunkEntry(
    int Index,
    int FirstNode,
    int EndNode,
    string FirstNodeName,
    string LastNodeName,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    string InputCommitment,
    string OutputCommitment,
    string Proof,
    int ProofBytes,
    string VerifyingKeyDigest,
    string Device,
    string Keygen,
    double KeygenMs,
    double ProveMs,
    int Rows,
    int K);
