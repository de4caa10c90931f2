// What the learner must know about saving, shown until it is resolved: an autosave that could
// not be opened (with its copy to download), a save that failed (with Export), a locked graph.
import { downloadRescue, discardRescue, useSaveStatus } from "../state/persist";
import { isLocked, useGraph } from "../state/store";
import { useT } from "../i18n";
import { exportDoc } from "./files";

const bar = "flex flex-wrap items-center gap-2 border-b px-3 py-1.5 text-[13px]";
const btn = "rounded-md border px-2 py-0.5 text-[12px] font-medium focus-visible:ring-2 focus-visible:ring-sky-400";

export function SaveStatus() {
  const t = useT();
  const { rescue, failed } = useSaveStatus();
  const training = useGraph((s) => s.training.state);
  const locked = useGraph(isLocked);
  return (
    <>
      {rescue && (
        <div role="alert" data-testid="save-rescue" className={`${bar} border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100`}>
          <span className="min-w-0 flex-1">{t("save.unreadable", { reason: rescue.reason })}</span>
          <button type="button" className={`${btn} border-amber-400 bg-white dark:bg-amber-900`} onClick={downloadRescue}>
            {t("save.download")}
          </button>
          <button type="button" className={`${btn} border-amber-300`} onClick={discardRescue}>
            {t("save.dismiss")}
          </button>
        </div>
      )}
      {failed && (
        <div role="alert" data-testid="save-failed" className={`${bar} border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100`}>
          <span className="min-w-0 flex-1">{t("save.failed", { reason: failed === "full" ? t("save.full") : failed })}</span>
          <button type="button" className={`${btn} border-red-300 bg-white dark:bg-red-900`} onClick={exportDoc}>
            {t("save.export")}
          </button>
        </div>
      )}
      {locked && (
        <div role="status" data-testid="training-lock" className={`${bar} border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100`}>
          {t(training === "paused" ? "lock.bannerPaused" : "lock.banner")}
        </div>
      )}
    </>
  );
}
