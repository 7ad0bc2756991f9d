namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// What a verifier learns about the model's inputs or outputs (settings "inputVisibility", "outputVisibility";
/// stored as "public" or "private"). Public values are the circuit's instance cells, which the verifier is given;
/// private ones are advice the prover keeps. A further kind (e.g. a hash of the values in the instance column) is one
/// more member here and one more case in <see cref="Circuits.ModelPublicInputs"/> and the circuit's input layout.
/// </summary>
public enum Visibility
{
    Public,
    Private,
}
