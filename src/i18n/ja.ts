// 日本語のテキスト。キーは en.ts と同じ（テストで確かめる）。用語はノートブックに合わせる:
// 順伝播, 逆伝播, 勾配, 計算グラフ, 重み, バイアス, 損失。
import type { TextsShape } from "./en";

export const ja: TextsShape & { ops: Record<string, { summary: string; note?: string }> } = {
  app: {
    name: "Gradflow",
  },
  toolbar: {
    label: "ツールバー",
    language: "言語",
    darkMode: "ダークモード",
  },
  ops: {},
};
