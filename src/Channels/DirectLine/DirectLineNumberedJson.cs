using System.Buffers;
using Microsoft.Bot.Schema;

namespace CoProduction.Channels.DirectLine;

/// <summary>
/// A reply serialised once, before it has its number, with its id's place held: the activity is written
/// with the id its number will give it, the seven digits zeros ("conversationId|0000000"), into a pooled
/// buffer, and <see cref="Render"/> makes its one string with the real digits in that place once the store
/// has taken the number. Before, the reply was written without its id (a string of its whole text) and
/// the id spliced in after (a second string of it): each reply's text was made twice a chat message.
/// <see cref="WithoutId"/> gives the reply as it was written without an id (the JSON a turn saved by EF
/// keeps with its message), cut from the same buffer, only when asked. Anything Newtonsoft would not write
/// as expected (a type or id that JSON escapes, the id not right after the type, a number past seven
/// digits) is serialised in full instead, as <see cref="DirectLineJson.Serialize"/> writes it.
/// </summary>
public sealed class DirectLineNumberedJson
{
    private const string Open = "{\"type\":\"";
    private const string IdProperty = ",\"id\":\"";

    private readonly Activity _activity;
    private readonly string _conversationId;
    private readonly int _length;
    // Where ,"id":"..." starts and ends (its closing quote included), and where the id's text starts.
    private readonly int _idFrom, _idTo, _idAt;
    private char[]? _chars;
    private string? _withoutId;

    private DirectLineNumberedJson(Activity activity, string conversationId, char[]? chars, int length, int idFrom, int idTo, int idAt, string? withoutId)
    {
        (_activity, _conversationId, _chars, _length, _idFrom, _idTo, _idAt, _withoutId) = (activity, conversationId, chars, length, idFrom, idTo, idAt, withoutId);
    }

    /// <summary>
    /// <paramref name="activity"/> (stamped, for <paramref name="conversationId"/>) written with its id's place held.
    /// Its <c>Id</c> is left null until <see cref="Render"/> sets it.
    /// </summary>
    public static DirectLineNumberedJson Of(Activity activity, string conversationId)
    {
        var placeholder = DirectLineActivityMapper.ActivityId(conversationId, 0);
        if (activity.Id is null && activity.Type is { } type && DirectLineJson.IsPlain(type) && DirectLineJson.IsPlain(placeholder))
        {
            activity.Id = placeholder;
            char[]? chars = null;
            try
            {
                (chars, var length) = DirectLineJson.SerializeInto(activity);
                var idFrom = Open.Length + type.Length + 1;
                var idAt = idFrom + IdProperty.Length;
                var idTo = idAt + placeholder.Length + 1;
                var text = chars.AsSpan(0, length);
                if (length > idTo
                    && text.StartsWith(Open, StringComparison.Ordinal)
                    && text.Slice(Open.Length, type.Length).SequenceEqual(type)
                    && text[Open.Length + type.Length] == '"'
                    && text.Slice(idFrom, IdProperty.Length).SequenceEqual(IdProperty)
                    && text.Slice(idAt, placeholder.Length).SequenceEqual(placeholder)
                    && text[idTo - 1] == '"')
                {
                    var held = new DirectLineNumberedJson(activity, conversationId, chars, length, idFrom, idTo, idAt, withoutId: null);
                    chars = null;
                    return held;
                }
            }
            finally
            {
                activity.Id = null;
                if (chars is not null) ArrayPool<char>.Shared.Return(chars);
            }
        }

        // Not as expected: written without an id now, and with it in full when numbered.
        return new DirectLineNumberedJson(activity, conversationId, chars: null, 0, 0, 0, 0, DirectLineJson.Serialize(activity));
    }

    /// <summary>The reply with its number: its <c>Id</c> set and its JSON as <see cref="DirectLineJson.Serialize"/> writes it.</summary>
    public string Render(long sequence)
    {
        var id = _activity.Id = DirectLineActivityMapper.ActivityId(_conversationId, sequence);
        var chars = _chars;
        if (chars is null || id.Length != _idTo - 1 - _idAt) return DirectLineJson.Serialize(_activity);
        return string.Create(_length, (chars, id, idAt: _idAt), static (span, s) =>
        {
            s.chars.AsSpan(0, span.Length).CopyTo(span);
            s.id.AsSpan().CopyTo(span[s.idAt..]);
        });
    }

    /// <summary>The reply as <see cref="DirectLineJson.Serialize"/> writes it without an id, made when first asked.</summary>
    public string WithoutId()
    {
        if (_withoutId is { } made) return made;
        if (_chars is { } chars) return _withoutId = string.Concat(chars.AsSpan(0, _idFrom), chars.AsSpan(_idTo, _length - _idTo));
        // Released already (the turn was kept): written again without the id.
        var id = _activity.Id;
        _activity.Id = null;
        try
        {
            return _withoutId = DirectLineJson.Serialize(_activity);
        }
        finally
        {
            _activity.Id = id;
        }
    }

    /// <summary>Once the store has kept the turn: the buffer goes back to the pool (nothing renders it again).</summary>
    public void Release()
    {
        if (_chars is { } chars)
        {
            _chars = null;
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The replies without their ids (<see cref="WithoutId"/>), each made only when read.</summary>
    public sealed class WithoutIds(IReadOnlyList<DirectLineNumberedJson> replies) : IReadOnlyList<string>
    {
        public string this[int index] => replies[index].WithoutId();

        public int Count => replies.Count;

        public IEnumerator<string> GetEnumerator()
        {
            for (var i = 0; i < replies.Count; i++) yield return replies[i].WithoutId();
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
