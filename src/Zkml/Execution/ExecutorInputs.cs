using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Execution;

/// <summary>The checks both executors make on their inputs before running: one flattened array per graph input, of its shape's size.</summary>
internal static class ExecutorInputs
{
    public static void Check<T>(ModelGraph g, IReadOnlyList<T[]> inputs)
    {
        if (inputs.Count != g.Inputs.Count)
            throw new ModelExecutionException($"model '{g.Name}': expected {g.Inputs.Count} input(s), got {inputs.Count}");
        for (int i = 0; i < inputs.Count; i++)
        {
            var info = g[g.Inputs[i]];
            if (inputs[i].Length != info.Shape.Size)
                throw new ModelExecutionException($"model '{g.Name}': input '{info.Name}' needs {info.Shape.Size} values (shape {info.Shape}), got {inputs[i].Length}");
        }
    }
}
