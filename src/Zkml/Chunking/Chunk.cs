namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// One contiguous piece of a model: nodes [<see cref="FirstNode"/>, <see cref="EndNode"/>) in the graph's
/// topological order, the activations crossing into it (<see cref="Inputs"/>: the model inputs for the first chunk)
/// and out of it (<see cref="Outputs"/>: the model outputs for the last). An edge may be in both lists when it only
/// passes through (a skip connection over the whole chunk).
/// </summary>
public sealed record Chunk(int Index, int Count, int FirstNode, int EndNode, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, long EstimatedRows)
{
    public bool IsFirst => Index == 0;
    public bool IsLast => Index == Count - 1;
    public int NodeCount => EndNode - FirstNode;
}
