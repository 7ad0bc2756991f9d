namespace ZkmlGpu.Zkml.Circuits.Poseidon;

/// <summary>
/// A row's rounds executed symbolically: the S-box inputs (one per used slot) and the state handed to the next row,
/// as affine forms in the row's variables.
/// </summary>
internal sealed record PoseidonRowForms(AffineForm[] SboxInputs, AffineForm[] Next);
