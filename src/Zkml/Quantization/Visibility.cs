namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// What a verifier learns about the model's inputs or outputs (settings "inputVisibility", "outputVisibility";
/// stored as "public", "private" or "hashed"). Public values are the circuit's instance cells, which the verifier is
/// given; private ones are advice the prover keeps; a hashed tensor is private advice whose
/// <see cref="Circuits.TensorHash"/> is the instance cell, so anyone who knows the values can recompute it
/// (<see cref="Circuits.ModelPublicInputs"/>).
/// </summary>
public enum Visibility
{
    Public,
    Private,
    Hashed,
}
