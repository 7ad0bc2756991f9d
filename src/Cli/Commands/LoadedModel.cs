using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>A model ready to run: its quantized graph, plus zkml's own file for msgpack models.</summary>
/// <param name="FileScale">a zkml model's global_sf as stored in its file (zkml input files are at this scale)</param>
internal sealed record LoadedModel(string Format, QuantizedModel Quantized, ZkmlMsgpackModel? Zkml, long FileScale = 1);
