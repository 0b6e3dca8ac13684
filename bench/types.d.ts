// The `disposablestack` package ships no types; this is the part the benchmark uses.
declare module 'disposablestack/AsyncDisposableStack' {
  export default class AsyncDisposableStack {
    adopt<T>(value: T, onDisposeAsync: (value: T) => PromiseLike<void> | void): T;
    disposeAsync(): Promise<void>;
  }
}
