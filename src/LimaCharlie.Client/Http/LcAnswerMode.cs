namespace LimaCharlie.Client.Http
{
    /// <summary>
    /// How the answer of a request is read, and so what may be retried. In every mode, until the answer's headers arrive,
    /// the rules are those of <see cref="ResilienceHandler"/>: 429 always; 500, 502, 503, 504, time-outs and broken
    /// connections when the request is idempotent; a connection that cannot be made at most twice; all within the
    /// session's retry count and budget.
    /// </summary>
    public enum LcAnswerMode
    {
        /// <summary>
        /// A JSON document, read whole inside each attempt's time limit (<see cref="SessionOptions.Timeout"/>): a body that
        /// breaks off, or JSON cut short, is retried like a broken connection when the request is idempotent.
        /// </summary>
        Json,

        /// <summary>
        /// Records (newline-delimited JSON) read as they arrive, for as long as the server sends. The time limit covers
        /// the headers; after them only the silence between two reads is limited (the session's Timeout), and the caller
        /// stops the stream by cancelling. Nothing is retried once the first byte of the body is read: records already
        /// handed on would come again.
        /// </summary>
        Stream,

        /// <summary>
        /// Bytes (files, installers, CSV and other text) copied to a stream as they arrive, with progress; the silence
        /// between two reads is limited by the session's Timeout. A copy that breaks off is started again from byte 0
        /// (the destination emptied) when the destination can be rewound and the request is idempotent, within the
        /// retry count; the bodies are never written to -Debug.
        /// </summary>
        Bytes,
    }
}
