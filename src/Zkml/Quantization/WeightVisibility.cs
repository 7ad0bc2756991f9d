namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// Where the weights of MatMul, Gemm, Conv and ConvTranspose live (settings "weightVisibility"). Fixed: in fixed
/// columns, so they are part of the verifying key. Hashed: private advice, each tensor's
/// <see cref="Circuits.TensorHash"/> a public input in instance column "weights", so one key serves every weight set
/// of the architecture and the proof names the weights by their hashes.
/// </summary>
public enum WeightVisibility
{
    Fixed,
    Hashed,
}
