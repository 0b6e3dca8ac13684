/** Waits until every promise settled or `ms` passed, whichever comes first; never rejects. */
export async function settleWithin(
  promises: readonly Promise<unknown>[],
  ms: number,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  await Promise.race([Promise.allSettled(promises), deadline]);
  clearTimeout(timer);
}
