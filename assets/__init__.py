"""Package data shared by terminal and hub: the translation catalogs in ``locale/<language>/``.

There is no code here. :mod:`contract.i18n` reads the catalogs with :mod:`importlib.resources`,
so they are found in a checkout and in a wheel install alike.
"""
