using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Circuits;

/// <summary>A chip with lookup tables of its own: <see cref="ModelCircuit"/> has it load them before any node is laid out.</summary>
public interface ITableChip
{
    /// <summary>Fills the chip's table columns for <paramref name="model"/>; once per synthesis, keygen included.</summary>
    void LoadTables(CircuitBuilder builder, QuantizedModel model);
}
