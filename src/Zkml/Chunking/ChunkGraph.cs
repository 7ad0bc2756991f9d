using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>A chunk as a model of its own: its nodes, its boundary activations as inputs and outputs, the constants it reads.</summary>
public static class ChunkGraph
{
    public static QuantizedModel Extract(QuantizedModel model, Chunk chunk)
    {
        var g = model.Graph;
        var nodes = g.Nodes.Skip(chunk.FirstNode).Take(chunk.NodeCount).ToArray();
        var edges = new HashSet<string>(chunk.Inputs.Concat(chunk.Outputs));
        foreach (var node in nodes) { edges.UnionWith(node.Inputs); edges.UnionWith(node.Outputs); }
        var values = edges.ToDictionary(e => e, e => g[e]);
        var constants = g.Constants.Where(c => edges.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
        var fixedConstants = g.FixedConstants.Where(c => edges.Contains(c.Key)).ToDictionary(c => c.Key, c => c.Value);
        var sub = new ModelGraph($"{g.Name} chunk {chunk.Index + 1}/{chunk.Count}", chunk.Inputs, chunk.Outputs, nodes, values, constants, fixedConstants);
        return new QuantizedModel(sub, model.Settings);
    }
}
