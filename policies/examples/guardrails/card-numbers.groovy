// Guardrail: payment card numbers (13 to 19 digits, spaces or dashes allowed, Luhn-checked).
//
// Enable:  cp policies/examples/guardrails/card-numbers.groovy policies/guardrails/
// Use it like a plugin guardrail, in any scope (top level, tenants[], keys[], models[]):
//   guardrails:
//     - { script: card-numbers, on: [request, response], action: redact }
// action: deny (the default) refuses the call with 446; redact masks each number as [CARD]
// (a streamed answer cannot be rewritten, so there it stops the stream); warn only records it.

def CARD = ~/\b(?:\d[ -]?){12,18}\d\b/

// The Luhn checksum every card number passes: tells card numbers from other long numbers.
def luhn = { String candidate ->
    def digits = candidate.findAll(/\d/).collect { it as int }.reverse()
    def sum = 0
    digits.eachWithIndex { d, i -> sum += (i % 2 == 1) ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d }
    sum % 10 == 0
}

check { input ->
    def cards = input.text.findAll(CARD).findAll { luhn(it) }
    // The reason is shown to the caller: count the numbers, never quote them.
    cards ? flag("card number x${cards.size()}") : pass()
}

mask { text -> text.replaceAll(CARD) { number -> luhn(number) ? '[CARD]' : number } }
