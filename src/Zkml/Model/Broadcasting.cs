namespace ZkmlGpu.Zkml.Model;

/// <summary>Numpy-style multidirectional broadcasting, as ONNX defines it.</summary>
public static class Broadcasting
{
    /// <summary>The broadcast shape of a and b, or null when they are incompatible.</summary>
    public static TensorShape? Shape(TensorShape a, TensorShape b)
    {
        int rank = Math.Max(a.Rank, b.Rank);
        var dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Rank ? 1 : a[i - (rank - a.Rank)];
            int db = i < rank - b.Rank ? 1 : b[i - (rank - b.Rank)];
            if (da != db && da != 1 && db != 1) return null;
            dims[i] = da == 1 ? db : da;
        }
        return new TensorShape(dims);
    }

    /// <summary>For each element of <paramref name="output"/>, the flat index of the broadcast source element in <paramref name="source"/>.</summary>
    public static int[] SourceIndex(TensorShape source, TensorShape output)
    {
        var map = new int[output.Size];
        int rank = output.Rank, offset = rank - source.Rank;
        var srcStrides = source.Strides();
        var eff = new int[rank];
        for (int i = 0; i < rank; i++)
            eff[i] = i < offset || source[i - offset] == 1 ? 0 : srcStrides[i - offset];
        var idx = new int[rank];
        int flat = 0;
        for (int o = 0; o < map.Length; o++)
        {
            map[o] = flat;
            for (int ax = rank - 1; ax >= 0; ax--)
            {
                idx[ax]++;
                flat += eff[ax];
                if (idx[ax] < output[ax]) break;
                flat -= eff[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return map;
    }
}
