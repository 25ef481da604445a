using Selegic.Extensions.Wasm.Decoding;

namespace Selegic.Extensions.Wasm.Compilation;

/// <summary>
/// Fuel costs of a function body: the instructions outside any loop are charged at function
/// entry, those directly inside a loop at each of its iterations (its header). Nested loops
/// charge their own.
/// </summary>
internal sealed class FuelPlan(long entryCost, List<long> loopCosts)
{
    public long EntryCost { get; } = entryCost;

    /// <summary>Cost of each loop, in the order the loops start in the body.</summary>
    public IReadOnlyList<long> LoopCosts { get; } = loopCosts;

    public static FuelPlan Of(ReadOnlySpan<byte> code)
    {
        var reader = new WasmReader(code);
        var frames = new Stack<int>(); // loop index per frame, -1 for block/if
        var loopCosts = new List<long>();
        long entry = 1;
        var current = -1; // innermost loop index, -1 = function level
        var loopStack = new Stack<int>();
        while (!reader.AtEnd)
        {
            var op = reader.ReadByte();
            if (current < 0) entry++;
            else loopCosts[current]++;
            switch (op)
            {
                case Opcodes.Block or Opcodes.If:
                    frames.Push(-1);
                    break;
                case Opcodes.Loop:
                    loopCosts.Add(1);
                    frames.Push(loopCosts.Count - 1);
                    loopStack.Push(current);
                    current = loopCosts.Count - 1;
                    break;
                case Opcodes.End when frames.Count > 0:
                    if (frames.Pop() >= 0) current = loopStack.Pop();
                    break;
            }
            InstructionSkipper.SkipImmediates(op, ref reader);
        }
        return new FuelPlan(entry, loopCosts);
    }
}
