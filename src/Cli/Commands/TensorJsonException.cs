namespace ZkmlGpu.Cli.Commands;

/// <summary>A tensor file that does not describe the model's tensors (the message says what differs).</summary>
internal sealed class TensorJsonException(string message) : Exception(message);
