// Types for `linebreak` (UAX #14 line breaking, by the author of fontkit and pdfkit), which ships none.
declare module 'linebreak' {
  interface Break {
    /** Where the next line would start (a UTF-16 index). */
    position: number
    /** A mandatory break (a newline). */
    required: boolean
  }
  export default class LineBreaker {
    constructor(text: string)
    nextBreak(): Break | null
  }
}
