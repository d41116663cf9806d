"""Statistics: exact variance laws and the error-controlled tests of a standard deviation that measured claims use."""
