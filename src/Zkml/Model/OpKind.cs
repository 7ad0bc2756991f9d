namespace ZkmlGpu.Zkml.Model;

/// <summary>
/// The closed set of operations a <see cref="ModelGraph"/> may contain. Names follow ONNX; each op's integer
/// semantics is written once (<c>Execution/IntegerExecutor</c>, <c>IntegerOps</c>), its float semantics once
/// (<c>Execution/FloatExecutor</c>). Adding an op means adding a member here, an attribute record in
/// <see cref="OpAttributes"/> if it has attributes, its integer rule and its float rule.
/// </summary>
public enum OpKind
{
    // Linear and product ops (output scale = sum of operand scales, then rebased).
    Gemm,
    MatMul,
    Conv,
    ConvTranspose,
    Add,
    Sub,
    Mul,
    Div,
    Pow,
    Neg,
    Max,
    Min,
    // Element-wise non-linear ops, evaluated as a lookup table of the quantized input.
    Relu,
    LeakyRelu,
    PRelu,
    Sigmoid,
    HardSigmoid,
    Tanh,
    Erf,
    Softplus,
    Exp,
    Sqrt,
    Abs,
    Clip,
    Reciprocal,
    Log,
    // Reductions and pooling.
    Softmax,
    ReduceMean,
    ReduceSum,
    ReduceMax,
    ArgMax,
    AveragePool,
    MaxPool,
    // Comparisons and masks.
    Less,
    Greater,
    Equal,
    Where,
    Trilu,
    // Reindexing: no arithmetic, only a fixed permutation or selection of elements (or padding with a constant).
    Pad,
    Concat,
    Reshape,
    Flatten,
    Identity,
    Transpose,
    Slice,
    Gather,
    GatherElements,
    Cast,
    Expand,
    /// <summary>Multiplies by 2^-k with rounding half away from zero; inserted by the quantizer, never imported.</summary>
    Rescale,
    /// <summary>A zkml msgpack layer with zkml's own rounding and fused bias/activation (<see cref="ZkmlLayerAttributes"/>).</summary>
    ZkmlLayer,
}
