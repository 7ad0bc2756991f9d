namespace ZkmlGpu.Zkml.Model;

/// <summary>Bad inputs or a value the circuit cannot represent during quantization or integer execution.</summary>
public sealed class ModelExecutionException : Exception
{
    public ModelExecutionException(string message) : base(message) { }
    public ModelExecutionException(string message, Exception inner) : base(message, inner) { }
}
