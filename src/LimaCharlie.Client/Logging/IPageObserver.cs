namespace LimaCharlie.Client.Logging
{
    /// <summary>
    /// Optional side of an <see cref="ILcLog"/>: told of each page a listing receives (the module shows it as progress).
    /// Called from any thread, once per page, never per record.
    /// </summary>
    public interface IPageObserver
    {
        void PageReceived();
    }
}
