namespace ZkmlGpu.Zkml.Scheduling;

/// <summary>A run that cannot start or cannot finish; the message is one line naming the device or chunk.</summary>
public class ChunkSchedulingException : Exception
{
    public ChunkSchedulingException(string message, int? chunk = null, Exception? inner = null) : base(message, inner) => Chunk = chunk;

    /// <summary>The chunk at fault, when there is one.</summary>
    public int? Chunk { get; }
}
