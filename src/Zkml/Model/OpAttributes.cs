namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// Attributes of one op, checked at import. One sealed record per attribute shape; ops without attributes use
/// <see cref="NoAttributes"/>. All spatial lists are per spatial axis; pads are ONNX-style (all begins, then all ends).
/// </summary>
public abstract record OpAttributes;

/// <summary>An op with no attributes (Add, Relu, MatMul, …).</summary>
public sealed record NoAttributes : OpAttributes
{
    public static readonly NoAttributes Instance = new();
}

/// <summary>Gemm: Y = alpha·op(A)·op(B) + beta·C.</summary>
public sealed record GemmAttributes(double Alpha, double Beta, bool TransA, bool TransB) : OpAttributes;

/// <summary>Conv and ConvTranspose (explicit pads; auto_pad is resolved or rejected at import).</summary>
public sealed record ConvAttributes(int[] KernelShape, int[] Strides, int[] Pads, int[] Dilations, int Group, int[] OutputPadding) : OpAttributes;

/// <summary>AveragePool and MaxPool (ceil_mode 0 only).</summary>
public sealed record PoolAttributes(int[] KernelShape, int[] Strides, int[] Pads, int[] Dilations, bool CountIncludePad) : OpAttributes;

/// <summary>Ops driven by one axis: Softmax, Concat, Flatten, Gather, GatherElements.</summary>
public sealed record AxisAttributes(int Axis) : OpAttributes;

/// <summary>ArgMax over one axis.</summary>
public sealed record ArgMaxAttributes(int Axis, bool KeepDims, bool SelectLastIndex) : OpAttributes;

/// <summary>ReduceMean / ReduceSum / ReduceMax over the given (non-negative, sorted) axes.</summary>
public sealed record ReduceAttributes(int[] Axes, bool KeepDims) : OpAttributes;

/// <summary>A real coefficient: LeakyRelu's alpha, Pow's constant exponent.</summary>
public sealed record ScalarAttributes(double Value) : OpAttributes;

/// <summary>HardSigmoid: max(0, min(1, alpha·x + beta)).</summary>
public sealed record HardSigmoidAttributes(double Alpha, double Beta) : OpAttributes;

/// <summary>Clip bounds (constant; infinite when absent).</summary>
public sealed record ClipAttributes(double Min, double Max) : OpAttributes;

/// <summary>Constant-mode Pad with per-axis begin/end pads (ONNX order) and the real pad value.</summary>
public sealed record PadAttributes(int[] Pads, double Value) : OpAttributes;

/// <summary>Transpose permutation.</summary>
public sealed record TransposeAttributes(int[] Perm) : OpAttributes;

/// <summary>Slice with resolved, clamped, non-negative starts/ends per axis (one entry per input axis).</summary>
public sealed record SliceAttributes(int[] Starts, int[] Ends, int[] Steps) : OpAttributes;

/// <summary>Trilu: keep the upper (or lower) triangle from diagonal K.</summary>
public sealed record TriluAttributes(bool Upper, long K) : OpAttributes;

/// <summary>Cast target: integers (indices, masks) or reals.</summary>
public sealed record CastAttributes(bool ToInteger) : OpAttributes;

/// <summary>Rescale by 2^-Shift (Shift ≥ 0).</summary>
public sealed record RescaleAttributes(int Shift) : OpAttributes;
