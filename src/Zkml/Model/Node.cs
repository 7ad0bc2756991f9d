namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// One operation: op kind, its checked attributes, input and output edge names (inputs may name graph inputs,
/// constants or earlier nodes' outputs). <see cref="Name"/> is the source model's node name, used in errors.
/// </summary>
public sealed record Node(string Name, OpKind Op, OpAttributes Attributes, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
