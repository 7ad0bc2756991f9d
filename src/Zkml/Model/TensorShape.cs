namespace ZkmlGpu.Zkml.Model;

/// <summary>A static tensor shape (row-major). Rank 0 is a scalar with one element.</summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    private readonly int[] _dims;

    public TensorShape(params int[] dims)
    {
        foreach (int d in dims)
            if (d < 0) throw new ArgumentOutOfRangeException(nameof(dims), $"negative dimension {d}");
        _dims = (int[])dims.Clone();
        long size = 1;
        foreach (int d in dims) size = checked(size * d);
        if (size > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(dims), "tensor too large");
        Size = (int)size;
    }

    public ReadOnlySpan<int> Dims => _dims;
    public int Rank => _dims.Length;
    public int Size { get; }
    public int this[int axis] => _dims[axis];

    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>Row-major strides in elements.</summary>
    public int[] Strides()
    {
        var s = new int[_dims.Length];
        int acc = 1;
        for (int i = _dims.Length - 1; i >= 0; i--) { s[i] = acc; acc *= _dims[i]; }
        return s;
    }

    public bool Equals(TensorShape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);
    public override bool Equals(object? obj) => Equals(obj as TensorShape);
    public override int GetHashCode() { var h = new HashCode(); foreach (int d in _dims) h.Add(d); return h.ToHashCode(); }
    public override string ToString() => "[" + string.Join(",", _dims) + "]";
}
