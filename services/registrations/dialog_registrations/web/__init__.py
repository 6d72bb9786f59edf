"""The public web pages: the sign-up form and the pages behind participants' links (HTML that
works without JavaScript, translated with Babel)."""
