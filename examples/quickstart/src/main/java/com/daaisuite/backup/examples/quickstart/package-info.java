/** The quickstart: the public API as a DaaiSuite developer wires it, in one short program. */
package com.daaisuite.backup.examples.quickstart;
