using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>A model ready to run: its quantized graph, plus zkml's own file for msgpack models, and what its float model needs.</summary>
/// <param name="Zkml">a zkml model at the scale it runs at (moved there by settings)</param>
/// <param name="FileScale">a zkml model's global_sf as stored in its file (zkml input files are at this scale)</param>
/// <param name="FloatGraph">an ONNX model's real-valued graph, before quantization</param>
/// <param name="ZkmlFile">a zkml model as stored in its file, whose weights define its float model</param>
internal sealed record LoadedModel(string Format, QuantizedModel Quantized, ZkmlMsgpackModel? Zkml, long FileScale = 1,
    ModelGraph? FloatGraph = null, ZkmlMsgpackModel? ZkmlFile = null);
