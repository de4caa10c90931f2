// Unit tests switch languages synchronously (setLanguage("ja") then t(…)): the page loads the
// Japanese texts when first chosen; here they are loaded before every test file.
import { loadLanguage } from "./core";
import { loadValueParser } from "../notation/valueParserLoader";

await loadLanguage("ja");
// and the value parser, which the page loads when a value box or a question first shows
await loadValueParser();
