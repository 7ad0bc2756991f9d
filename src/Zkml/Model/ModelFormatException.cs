namespace ZkmlGpu.Zkml.Model;

/// <summary>A model file or graph that cannot be imported: corrupt bytes, an unsupported op or attribute, bad shapes.</summary>
public sealed class ModelFormatException : Exception
{
    public ModelFormatException(string message) : base(message) { }
    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}
