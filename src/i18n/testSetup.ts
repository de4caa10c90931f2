// Unit tests switch languages synchronously (setLanguage("ja") then t(…)): the page loads the
// Japanese texts when first chosen; here they are loaded before every test file.
import { loadLanguage } from "./core";

await loadLanguage("ja");
